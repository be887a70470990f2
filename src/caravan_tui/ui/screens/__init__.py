"""Screens of the reader: the main three-pane screen and the help screen."""
