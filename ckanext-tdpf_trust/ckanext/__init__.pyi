# Type checkers only (never imported): CKAN installs a regular `ckanext`
# package that extends its path at run time, which pyright cannot follow, so
# without this stub it looks for every ckanext.<name> of this bundle there.
