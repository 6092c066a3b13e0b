"""A TCP relay in front of PostgreSQL that a test can take away and bring back.

While it is stopped, connecting to it is refused and every relayed connection is cut, which is
what the application sees of a database that is stopped and started again; the PostgreSQL the
other tests use keeps running.
"""

import contextlib
import selectors
import socket
import threading


class DatabaseProxy:
    def __init__(self, upstream: str | tuple[str, int]):
        self.upstream = upstream  # a Unix socket path or (host, port)
        self.port = _free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._running = threading.Event()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        self._running.set()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut the relayed ones, as a stopped server does."""
        self._running.clear()
        if self._listener is not None:
            # Shut down before closing: a bare close() leaves the port listening while the
            # accepting thread is blocked in accept(), and start() could not bind it again.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _connect_upstream(self) -> socket.socket:
        if isinstance(self.upstream, str):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.connect(self.upstream)
        return sock

    def _accept(self, listener: socket.socket) -> None:
        while self._running.is_set():
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = self._connect_upstream()
            with self._lock:
                self._open.update((client, upstream))
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, client: socket.socket, upstream: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _events in selector.select(timeout=0.5):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
                if not self._running.is_set():
                    return
        except OSError:
            return
        finally:
            selector.close()
            for sock in (client, upstream):
                with self._lock:
                    self._open.discard(sock)
                sock.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def upstream_of(settings_dict: dict) -> str | tuple[str, int]:
    """Where the configured database listens: its Unix socket when no host is set."""
    host = settings_dict.get("HOST") or ""
    port = int(settings_dict.get("PORT") or 5432)
    if not host or host.startswith("/"):
        return f"{host or '/var/run/postgresql'}/.s.PGSQL.{port}"
    return (host, port)
