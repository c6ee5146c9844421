# Not packaged (setup.py lists ckanext.tdpf and below): this file exists for
# pyright only. CKAN installs ckanext/ as a regular package in site-packages,
# and pyright prefers a regular package that lacks `tdpf` over our implicit
# namespace one, so `import ckanext.tdpf` from the other extensions would not
# resolve. At run time `ckanext` is still CKAN's; this one extends the same path.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)
