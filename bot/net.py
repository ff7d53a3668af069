"""Fetching web pages on a user's behalf (feeds, URL ingestion) without reaching internal hosts.

Every connection, including each redirect hop, resolves the host name itself and refuses it
unless *every* address it resolves to is public (``ipaddress.is_global``: no loopback, private,
link-local — e.g. cloud metadata at 169.254.169.254 —, carrier-grade NAT, multicast or reserved
range). The socket is then opened to the address that was checked, so a name that changes its
answer between the check and the connection (DNS rebinding) cannot slip through. Environment
proxies and .netrc are ignored. An on-premises install may allow named hosts, addresses or
networks with ``QUOTEDESK_FETCH_ALLOW_PRIVATE`` (``Settings.fetch_allow_private``).

Credentials written in a URL (``https://user:pass@host/``) are used for the request but never
shown: :func:`redact_url` is what messages and logs print.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as u3_connection

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list[tuple[Any, ...]]]

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
USER_AGENT = "Quotedesk/0.1 (newsroom quote search)"


class BlockedAddress(ValueError):
    """The URL's host is not public (or cannot be resolved); nothing was sent to it."""


class Unresolvable(BlockedAddress):
    """The host name does not resolve (now)."""


class TooLarge(ValueError):
    """The answer is larger than the fetcher accepts."""


def redact_url(url: str) -> str:
    """``url`` without any ``user:password@`` part (replaced by ``***@``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unreadable URL)"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")


def redact_text(text: str) -> str:
    """``text`` with every ``//user:password@`` of a URL in it replaced by ``//***@``."""
    return _USERINFO.sub("***@", text)


def _as_address(value: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(value.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


class AddressPolicy:
    """Which addresses may be fetched: public ones, plus what ``allow`` names."""

    def __init__(self, allow: Sequence[str] = (), resolve: Resolver = socket.getaddrinfo) -> None:
        self.resolve = resolve
        self.allowed_names: set[str] = set()
        self.allowed_networks: list[IPNetwork] = []
        for item in allow:
            try:
                self.allowed_networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                self.allowed_names.add(item.lower().rstrip("."))

    def address_allowed(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in net for net in self.allowed_networks):
            return True
        return address.is_global and not address.is_multicast

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses ``host`` resolves to, all checked; BlockedAddress if any is not
        allowed (an allowed host name may resolve to anything)."""
        name = host.lower().rstrip(".").strip("[]")
        literal = _as_address(name)
        if literal is not None:
            found = [str(literal)]
        else:
            try:
                infos = self.resolve(name, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                raise Unresolvable(f"cannot resolve {name}: {exc}") from None
            found = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not found:
            raise Unresolvable(f"{name} has no address")
        if name in self.allowed_names:
            return found
        for text in found:
            address = _as_address(text)
            if address is None or not self.address_allowed(address):
                shown = name if text == name else f"{name} ({text})"
                raise BlockedAddress(
                    f"{shown} is not a public address; private, loopback and link-local "
                    "hosts are never fetched (see QUOTEDESK_FETCH_ALLOW_PRIVATE)"
                )
        return found

    def check_url(self, url: str, *, unresolved_ok: bool = False) -> str | None:
        """Why ``url`` would be refused (a sentence), or None if its host is fetchable now
        (or, with ``unresolved_ok``, does not resolve now: it is checked again at each
        fetch)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return "it is not a valid URL"
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            return "only http:// and https:// addresses can be fetched"
        try:
            self.addresses(parts.hostname, port or (443 if parts.scheme == "https" else 80))
        except Unresolvable as exc:
            return None if unresolved_ok else str(exc)
        except BlockedAddress as exc:
            return str(exc)
        return None


def _guarded_classes(
    policy: AddressPolicy,
) -> tuple[type[HTTPConnectionPool], type[HTTPSConnectionPool]]:
    def new_conn(conn: HTTPConnection) -> socket.socket:
        last: OSError | None = None
        for address in policy.addresses(conn._dns_host, int(conn.port or 80)):
            try:
                return u3_connection.create_connection(
                    (address, conn.port), conn.timeout,
                    source_address=conn.source_address, socket_options=conn.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    conn, f"Connection to {conn.host} timed out"
                ) from exc
            except socket.gaierror as exc:  # pragma: no cover (addresses are literals)
                raise NameResolutionError(conn.host, conn, exc) from exc
            except OSError as exc:
                last = exc
        raise NewConnectionError(conn, f"Failed to establish a new connection: {last}")

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return new_conn(self)

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return new_conn(self)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return GuardedHTTPPool, GuardedHTTPSPool


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, policy: AddressPolicy) -> None:
        self._pools = _guarded_classes(policy)
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        http_pool, https_pool = self._pools
        self.poolmanager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}

    def __getstate__(self) -> dict[str, Any]:  # pragma: no cover (never pickled)
        raise TypeError("not picklable")


@dataclass
class Page:
    """A fetched answer, read in full (within the size limit)."""

    url: str  # after redirects
    status_code: int
    headers: CaseInsensitiveDict[str]
    content: bytes
    encoding: str | None

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")


class Fetcher:
    """HTTP GETs under an :class:`AddressPolicy`, with a timeout and a size limit."""

    def __init__(
        self,
        allow_private: Sequence[str] = (),
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str = USER_AGENT,
        resolve: Resolver = socket.getaddrinfo,
    ) -> None:
        self.policy = AddressPolicy(allow_private, resolve)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self._adapter = _GuardedAdapter(self.policy)

    def session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # no environment proxies (they would hide the real peer)
        session.max_redirects = MAX_REDIRECTS
        session.mount("http://", self._adapter)
        session.mount("https://", self._adapter)
        session.headers["User-Agent"] = self.user_agent
        return session

    @contextmanager
    def stream(
        self, url: str, headers: dict[str, str] | None = None
    ) -> Iterator[requests.Response]:
        """The streamed answer to GET ``url``; BlockedAddress before anything is sent to a
        host that is not allowed (on the first hop or any redirect)."""
        reason = self.policy.check_url(url)
        if reason is not None:
            raise BlockedAddress(reason)
        with self.session() as session:
            response = session.get(url, headers=headers or {}, timeout=self.timeout, stream=True)
            with response:
                yield response

    def get(self, url: str, headers: dict[str, str] | None = None) -> Page:
        with self.stream(url, headers) as response:
            content = read_limited(response, self.max_bytes)
            return Page(response.url, response.status_code, response.headers, content,
                        response.encoding)


def read_limited(response: requests.Response, limit: int) -> bytes:
    """The body of a streamed response; TooLarge as soon as it passes ``limit`` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the answer is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=65536):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the answer is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
