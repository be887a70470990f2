"""Language analysis of articles: entities, stories, alignment, differences, notes.

Never imports Textual; the CLI, the reader and the tests all call into here.
"""
