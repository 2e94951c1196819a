"""Process-wide settings held by overlapping jobs: the last to let go restores the original value."""

import gc
import sys

from shanglian.core.process import SharedSetting, gc_paused, quick_thread_switches


def test_overlapping_holders_restore_the_original_only_at_the_end():
    before = sys.getswitchinterval()
    quick_thread_switches.acquire()
    quick_thread_switches.acquire()  # a second import in another thread
    assert sys.getswitchinterval() == 0.001
    quick_thread_switches.release()  # the first one ends: the second still runs with its setting
    assert sys.getswitchinterval() == 0.001
    quick_thread_switches.release()
    assert sys.getswitchinterval() == before


def test_gc_paused_leaves_the_collector_as_it_found_it():
    assert gc.isenabled()
    with gc_paused:
        assert not gc.isenabled()
        with gc_paused:
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused:
            pass
        assert not gc.isenabled()  # was off before: stays off
    finally:
        gc.enable()


def test_a_setting_is_written_once_per_outermost_hold():
    writes = []
    setting = SharedSetting(lambda: "old", writes.append, "new")
    with setting, setting:
        pass
    assert writes == ["new", "old"]
