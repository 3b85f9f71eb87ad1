"""Finding passages: the embedding model, the Chroma store, and hybrid dense + BM25 retrieval."""
