"""The faces over the one chain: the JSON API, the web chat and Slack, served by one FastAPI app."""
