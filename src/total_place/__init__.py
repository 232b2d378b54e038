"""Total Place warehouse: the parts dbt does not do (files in, files out)."""

__version__ = "0.1.0"
