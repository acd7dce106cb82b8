"""The url allow-list: one list, exact host or sub-domain matches only."""

from __future__ import annotations

import pytest

from serm_lessons import hosts


@pytest.mark.parametrize(
    "host",
    [
        "doi.org",
        "pubmed.ncbi.nlm.nih.gov",
        "www.ema.europa.eu",
        "accessdata.fda.gov",
        "DOI.ORG",
        "dmd.aspetjournals.org",
    ],
)
def test_canonical_hosts_and_their_sub_domains_are_allowed(host):
    assert hosts.is_canonical_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "evil-doi.org",
        "doi.org.example.com",
        "fda.gov.evil.cn",
        "47.251.13.51",
        "scribd.com",
        "",
        "notaspetjournals.org",
    ],
)
def test_look_alikes_mirrors_and_ip_addresses_are_not(host):
    assert not hosts.is_canonical_host(host)


def test_the_list_has_no_duplicates():
    assert len(set(hosts.CANONICAL_HOSTS)) == len(hosts.CANONICAL_HOSTS)
