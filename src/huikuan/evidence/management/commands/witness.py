"""``huikuan witness serve --log-key KEY --state DIR``: a C2SP tlog-witness on HTTP."""

import socket

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a transparency-log witness (C2SP tlog-witness)."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        serve = sub.add_parser("serve", help="serve POST /add-checkpoint")
        serve.add_argument("--log-key", action="append", required=True, help="verifier key of a log; repeatable")
        serve.add_argument("--state", required=True, help="directory for the witness key and state")
        serve.add_argument("--listen", default="127.0.0.1:7380", help="host:port (default 127.0.0.1:7380)")
        serve.add_argument("--name", default=f"witness.{socket.gethostname()}", help="witness key name")

    def handle(self, *args, action, **options):
        from huikuan.tlog import parse_verifier
        from huikuan.tlog.note import NoteError
        from huikuan.tlog.witness import Witness, make_server

        try:
            logs = [parse_verifier(k) for k in options["log_key"]]
        except NoteError as exc:
            raise CommandError(f"--log-key: {exc}") from exc
        witness = Witness.open(options["state"], logs, options["name"])
        host, _, port = options["listen"].rpartition(":")
        server = make_server(witness, host or "127.0.0.1", int(port))
        self.stdout.write(f"witness key {witness.verifier_key()}")
        self.stdout.write(f"listening on http://{server.server_address[0]}:{server.server_address[1]}", ending="\n")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
