from django.core.management.base import BaseCommand

from huikuan.common.scheduling import PERIODIC, scheduler_tick, tick_pending


class Command(BaseCommand):
    help = "Make sure the periodic-task clock (one pending scheduler tick) is armed."

    def handle(self, *args, **options):
        if tick_pending():
            self.stdout.write("Scheduler already armed.")
            return
        scheduler_tick.enqueue()
        self.stdout.write(f"Scheduler armed for {len(PERIODIC)} periodic task(s).")
