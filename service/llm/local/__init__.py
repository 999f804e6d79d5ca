"""The embedded local default: packaged GGUF weights (`weights`) served by a managed loopback
llama.cpp server (`server`, launched through `launch`), wrapped as a `StructuredModel`
(`embedded`)."""
