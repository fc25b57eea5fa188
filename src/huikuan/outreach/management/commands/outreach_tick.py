from django.core.management.base import BaseCommand

from huikuan.outreach.services import sequences_run_once


class Command(BaseCommand):
    help = "Run one cycle of every running contact plan (what the periodic task does every minute)."

    def handle(self, *args, **options):
        count = sequences_run_once()
        self.stdout.write(f"Advanced {count} running contact plan(s).")
