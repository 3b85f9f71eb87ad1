"""Offline evaluation of the assistant's answers and citations against a gold set; see `python -m assistant.eval -h`."""
