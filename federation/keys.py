"""Each hub actor's RSA key pair: made on first use, kept in the database (back it up with it)."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from federation.models import HubActor

KEY_SIZE = 2048  # what Mastodon and most servers use and accept


def new_key_pair():
    """(private PEM, public PEM) of a fresh RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public.decode()


def ensure_keys(hub_actor):
    """Give ``hub_actor`` its key pair if it has none yet; two requests at once keep the first."""
    if hub_actor.private_key:
        return hub_actor
    private, public = new_key_pair()
    HubActor.objects.filter(pk=hub_actor.pk, private_key="").update(private_key=private, public_key=public)
    hub_actor.refresh_from_db(fields=["private_key", "public_key"])
    return hub_actor


def private_key(hub_actor):
    ensure_keys(hub_actor)
    return serialization.load_pem_private_key(hub_actor.private_key.encode(), password=None)
