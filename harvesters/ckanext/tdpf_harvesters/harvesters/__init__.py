"""Harvester implementations (one module per source type) on ckanext-harvest."""
