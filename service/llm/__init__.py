"""Model backends behind one interface (`service.llm.base.StructuredModel`)."""
