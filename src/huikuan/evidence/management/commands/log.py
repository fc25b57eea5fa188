"""``huikuan log verify | sequence [--loop] | key``: operate the evidence log."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Operate the evidence transparency log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute every tile and the root; check every checkpoint")
        seq = sub.add_parser("sequence", help="integrate pending entries")
        seq.add_argument("--loop", action="store_true", help="keep sequencing, one round per interval")
        seq.add_argument("--interval", type=float, default=1.0, help="seconds between rounds (default 1)")
        sub.add_parser("key", help="print the log's verifier key")

    def handle(self, *args, action, **options):
        from huikuan.evidence import log as evidence_log

        if action == "key":
            self.stdout.write(evidence_log.verifier_key())
        elif action == "sequence":
            if options["loop"]:
                self.stdout.write(f"sequencing {evidence_log.origin()} every {options['interval']} s")
                evidence_log.log_sequence_loop(interval=options["interval"])
            else:
                n = evidence_log.log_sequence()
                size, _ = evidence_log.storage().head()
                self.stdout.write(f"integrated {n} entries; log size {size}")
        elif action == "verify":
            from huikuan.evidence.integrity import log_verify

            problem = log_verify()
            if problem:
                raise CommandError(f"log inconsistent: {problem}")
            size, _ = evidence_log.storage().head()
            self.stdout.write(f"log {evidence_log.origin()} is consistent: size {size}")
