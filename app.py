"""Serve the assistant: `python app.py [--host H] [--port P]`."""

from assistant.ops.cli import app_main

if __name__ == "__main__":
    raise SystemExit(app_main())
