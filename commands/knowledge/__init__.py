"""Knowledge: anything the agreements say, answered with the clause quoted (issue 10)."""
