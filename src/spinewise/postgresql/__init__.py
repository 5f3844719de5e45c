"""Django's PostgreSQL backend, with the health check of a kept connection made only after it has idled."""
