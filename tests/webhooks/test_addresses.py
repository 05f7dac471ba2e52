"""Which URLs a webhook may use: http(s), no credentials, public addresses unless allowed."""

import pytest

from townsquare.api.webhooks import addresses

REFUSED_ALWAYS = [
    "ftp://example.org/hook",
    "file:///etc/passwd",
    "gopher://93.184.215.14/",
    "http://user:pw@example.org/",
    "https://token@93.184.215.14/",
    "http:///no-host",
    "http://93.184.215.14:99999/",
    "not a url",
]
PRIVATE = [
    "http://127.0.0.1/",
    "http://127.1.2.3:8000/hook",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata: link-local
    "http://100.64.0.1/",  # shared address space: not global
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",  # reserved
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4 inside IPv6
    "http://[::]/",
    "http://2130706433/",  # 127.0.0.1 written as a number: refused once resolved
    "http://localhost:8000/",
]
PUBLIC = [
    "http://93.184.215.14/hook",
    "https://93.184.215.14:8443/a?b=c",
    "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
]


@pytest.mark.parametrize("url", REFUSED_ALWAYS)
@pytest.mark.parametrize("allowed", [False, True])
def test_refused_whatever_the_operator_allows(settings, url, allowed):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = allowed
    with pytest.raises(addresses.AddressRefused):
        addresses.check_url(url)


@pytest.mark.parametrize("url", PRIVATE)
def test_private_addresses_are_refused_unless_allowed(settings, url):
    with pytest.raises(addresses.AddressRefused):
        addresses.check_url(url)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    addresses.check_url(url)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_addresses_are_accepted(url):
    target = addresses.resolve(url)
    assert target.address == target.host.strip("[]")
    assert target.path.startswith("/")


def test_the_target_keeps_the_path_query_and_port():
    target = addresses.resolve("https://93.184.215.14:8443/a/b?c=d")
    assert (target.scheme, target.port, target.path, target.address) == ("https", 8443, "/a/b?c=d", "93.184.215.14")
    assert addresses.resolve("http://93.184.215.14").path == "/"
