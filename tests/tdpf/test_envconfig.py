from __future__ import annotations

from ckanext.tdpf import envconfig


def test_double_underscores_become_dots():
    config = {}
    applied = envconfig.apply(config, {
        "CKAN__SITE_TITLE": "試験ポータル",
        "CKANEXT__TDPF__SEARCH__BACKEND": "solr",
        "CKAN__AUTH__CREATE_USER_VIA_WEB": "false",
        "PATH": "/usr/bin", "CKAN_INI": "x.ini",
    })
    assert config == {
        "ckan.site_title": "試験ポータル",
        "ckanext.tdpf.search.backend": "solr",
        "ckan.auth.create_user_via_web": "false",
    }
    assert sorted(applied) == sorted(config)


def test_single_underscores_are_kept():
    assert envconfig.option_name("CKAN__SEARCH__DEFAULT_PACKAGE_SORT") == \
        "ckan.search.default_package_sort"
    assert envconfig.option_name("CKAN_SQLALCHEMY_URL") is None
