"""Pages of the accounts app. Each view reads the request, calls a service and renders."""
