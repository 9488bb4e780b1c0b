"""Which names the server answers to, and which pages may talk to it.

A browser sends the name it used in `Host`: a page that reached this server under
another name (DNS rebinding: evil.example resolving to the teacher's laptop) is refused.
A page's `Origin` names the site that made the request: only the server's own pages may
join or open a game.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from game.i18n import _

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def _hostport(host: str, port: int) -> str:
    host = host.lower().rstrip(".")
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address, as a URL writes it
    return f"{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether `host` (a --host value) is reached from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lan_addresses() -> list[str]:
    """This machine's own addresses other than loopback, as its name resolves them (no
    packet is sent)."""
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, type=socket.SOCK_STREAM)
    except OSError:
        return found
    for info in infos:
        address = str(info[4][0])
        try:
            if ipaddress.ip_address(address).is_loopback:
                continue
        except ValueError:
            continue
        if address not in found:
            found.append(address)
    return found


@dataclass(frozen=True)
class HostRules:
    """The `host:port` names this server answers to, and the URL students open."""

    names: frozenset[str]
    origins: frozenset[str]
    public_url: str

    @classmethod
    def for_server(cls, host: str, port: int, public_url: str | None) -> HostRules:
        """The rules for a server bound to `host:port`: its own address, loopback when
        it listens there, the machine's name and addresses when it listens on every
        interface, and the host of `public_url` (the URL students are given, which may
        go through a proxy)."""
        hosts: list[tuple[str, int, str]] = []  # (host, port, scheme)
        if is_loopback(host) or host in WILDCARDS:
            hosts += [(name, port, "http") for name in LOOPBACK_NAMES]
        if host in WILDCARDS:
            machine = socket.gethostname()
            hosts += [(machine, port, "http"), (f"{machine}.local", port, "http")]
            hosts += [(address, port, "http") for address in lan_addresses()]
        else:
            hosts.append((host, port, "http"))
        if public_url is not None:
            parts = urlsplit(public_url)
            scheme = parts.scheme or "http"
            public_port = parts.port or (443 if scheme == "https" else 80)
            hosts.insert(0, (parts.hostname or "", public_port, scheme))
            shown = public_url.rstrip("/") + "/"
        else:
            first = host
            if host in WILDCARDS:
                addresses = lan_addresses()
                first = addresses[0] if addresses else socket.gethostname()
            shown = f"http://{_hostport(first, port)}/"
        names: set[str] = set()
        origins: set[str] = set()
        for name, name_port, scheme in hosts:
            if not name:
                continue
            names.add(_hostport(name, name_port))
            origins.add(f"{scheme}://{_hostport(name, name_port)}")
            default = 443 if scheme == "https" else 80
            if name_port == default:  # sent without its port
                bare = _hostport(name, name_port).rsplit(":", 1)[0]
                names.add(bare)
                origins.add(f"{scheme}://{bare}")
        return cls(frozenset(names), frozenset(origins), shown)

    def host_allowed(self, host: str | None) -> bool:
        if not host:
            return False
        return host.lower().rstrip(".") in self.names or host.lower() in self.names

    def origin_allowed(self, origin: str) -> bool:
        return origin.lower().rstrip("/") in self.origins


def check_public_url(url: str) -> str:
    """A --public-url, or ValueError saying what is wrong with it. Only
    scheme://host[:port]/ is taken: the server's pages live at its root, so a path would
    not reach them; credentials, a query or a fragment have no place in a link on the
    board."""
    example = "http://192.168.1.20:8000/"

    def refuse(reason: str) -> ValueError:
        return ValueError(
            _(
                "--public-url {reason}: give http://HOST[:PORT]/ or https://HOST[:PORT]/, e.g. {example}"
            ).format(reason=reason, example=example)
        )

    if not url.isprintable() or any(char.isspace() for char in url) or not url.isascii():
        raise refuse(_("cannot contain spaces, control characters or non-ASCII characters"))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise refuse(_("must start with http:// or https://"))
    if "@" in parts.netloc:
        raise refuse(_("cannot hold a user name or password"))
    if "?" in url or "#" in url:
        raise refuse(_("cannot have a query (?) or a fragment (#)"))
    try:
        port = parts.port
    except ValueError:
        raise refuse(_("has a port that is not a number from 1 to 65535")) from None
    if not parts.hostname or port == 0:
        raise refuse(_("needs a host name or address"))
    if parts.path not in ("", "/"):
        raise refuse(_("cannot have a path"))
    return url
