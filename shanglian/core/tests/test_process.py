"""Process-wide settings held by overlapping jobs: the last to let go restores the original value; and
only task-worker code (inside allow_process_settings) changes them at all."""

import gc
import sys

from shanglian.core.process import SharedSetting, allow_process_settings, gc_paused, quick_thread_switches


def test_overlapping_holders_restore_the_original_only_at_the_end():
    before = sys.getswitchinterval()
    with allow_process_settings():
        assert quick_thread_switches.acquire()
        assert quick_thread_switches.acquire()  # a second import in another thread
        assert sys.getswitchinterval() == 0.001
        quick_thread_switches.release()  # the first one ends: the second still runs with its setting
        assert sys.getswitchinterval() == 0.001
        quick_thread_switches.release()
    assert sys.getswitchinterval() == before


def test_gc_paused_leaves_the_collector_as_it_found_it():
    assert gc.isenabled()
    with allow_process_settings():
        with gc_paused.held():
            assert not gc.isenabled()
            with gc_paused.held():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        try:
            with gc_paused.held():
                pass
            assert not gc.isenabled()  # was off before: stays off
        finally:
            gc.enable()


def test_a_setting_is_written_once_per_outermost_hold():
    writes: list[object] = []
    setting = SharedSetting(lambda: "old", writes.append, "new")
    with allow_process_settings(), setting.held(), setting.held():
        pass
    assert writes == ["new", "old"]


def test_outside_a_task_worker_nothing_changes():
    """A web request's import must not switch off the collector or shorten the switch interval for the
    whole process: without allow_process_settings() a hold is a no-op."""
    writes: list[object] = []
    setting = SharedSetting(lambda: "old", writes.append, "new")
    with setting.held() as applied:
        assert not applied
    assert writes == []
    interval = sys.getswitchinterval()
    with gc_paused.held(), quick_thread_switches.held():
        assert gc.isenabled() and sys.getswitchinterval() == interval
