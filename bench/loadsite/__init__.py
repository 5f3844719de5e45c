"""A bench-only Django site: the whole app plus a bare JSON view to compare every page with."""
