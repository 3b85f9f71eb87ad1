"""Reading documents of every format into one model, chunking them, and syncing the index."""
