"""The HTTP API (FastAPI, ``/v1``): `service.api.app.create_app` builds it."""
