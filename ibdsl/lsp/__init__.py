"""`ibdsl lsp`: the language server. workspace.py runs the linter over the editor's buffers,
cursor.py reads what the cursor stands on, members.py answers from the schemas and the
service model, features.py turns both into protocol answers, server.py wires them to pygls.

pygls and lsprotocol are the `lsp` extra; nothing outside this package imports them."""
