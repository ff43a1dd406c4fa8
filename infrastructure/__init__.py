"""What every app stands on: the cache backend, the database backend and triggers, request
logs and their middleware, the health check, and the template tags that load static assets."""
