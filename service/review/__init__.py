"""Review in the browser: read an extraction against its article, correct it, export a fixture.

Pages are rendered on the server (`pages`, `render_*`); the small script and stylesheet in
`static/` add highlighting on hover and focus, keyboard navigation and the correction dialogs.
Corrections are stored as revisions (`service.store.reviews`); the model's output is never changed.
"""
