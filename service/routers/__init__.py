"""One router per resource family; `service.app` includes them."""
