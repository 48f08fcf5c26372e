#!/bin/sh
# Start of one Avtalsbot process (container and README alike): migrate, check, serve.
# The same three commands stand in avtalsbot.service and in the README's "Production".
set -eu
avtalsbot migrate
# doctor's lines go to the log at every start; it does not stop the start: a channel the bot
# is not yet invited to should not keep it from answering elsewhere, and serve itself refuses
# to run without what it cannot do without (the database URL, the pseudonym secret).
avtalsbot doctor || echo "avtalsbot doctor hittade fel (se raderna ovan); boten startar ändå" >&2
exec avtalsbot serve
