"""One router per resource; `service.api.app` includes them all."""
