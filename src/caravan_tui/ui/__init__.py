"""The reader: a Textual app with the article list, reading pane and notes panel."""
