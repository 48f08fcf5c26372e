"""Knowledge rules: turning words into search terms, ranking clauses, budget lines by year."""
