"""Running the assistant: typed settings, shared services, the feedback store, entry points, benchmarks."""
