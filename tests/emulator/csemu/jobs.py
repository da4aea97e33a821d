"""Async jobs (ApiServer.queueCommand, ApiAsyncJobDispatcher, AsyncJobJoinDaoImpl).

submit() answers at once with the job id; the work function runs when the job completes
(after job_delay seconds), so the state change is applied at completion. A work function
returns the job result (e.g. {"host": {...}} or {"success": True}) or raises ApiError.
"""
from __future__ import annotations

import threading
import time

from .errors import ApiError
from .store import new_uuid, now_str


class JobManager:
    def __init__(self, store, job_delay=0.3):
        self.store = store
        self.job_delay = job_delay
        self._timers = []
        self._lock = threading.Lock()
        # jobresultcode of a failed job: 4.18.0 always stores INTERNAL_ERROR (530), whatever the error
        # code in jobresult; from 4.18.1 (apache/cloudstack#7687) it is that error code.
        self.resultcode_is_errorcode = False

    def submit(self, command, caller, work, instance_type=None, instance_id=None, fault=None, job_id=None):
        job = self.store.insert("jobs", {
            "id": job_id or new_uuid(), "jobid": None, "accountid": caller.get("accountid"),
            "userid": caller.get("id"), "cmd": command.java_class or command.name,
            "jobstatus": 0, "jobprocstatus": 0, "jobresultcode": 0, "jobresulttype": "object",
            "jobinstancetype": instance_type, "jobinstanceid": instance_id,
            "created": now_str(), "_command": command.name, "_created_ts": time.time(),
        })
        job["jobid"] = job["id"]
        mode = (fault or {}).get("job")
        if mode == "hang":
            return job
        timer = threading.Timer(self.job_delay, self._complete, args=(job, work, fault))
        timer.daemon = True
        with self._lock:
            self._timers.append(timer)
        timer.start()
        return job

    def _complete(self, job, work, fault):
        with self.store.lock:
            if self.store.get("jobs", job["id"]) is not job:
                return  # reset happened
            try:
                if fault and fault.get("job") == "fail":
                    # the operation failed on its way: a handler that changed a state when the job was queued
                    # undoes it the way CloudStack's state machine does (work.on_fault, e.g. Stopping -> Running)
                    undo = getattr(work, "on_fault", None)
                    if undo is not None:
                        undo()
                    raise ApiError(530, fault.get("job_errortext") or "Job failed (emulator fault)")
                result = work()
                job.update(jobstatus=1, jobresultcode=0, jobresult=result if result is not None else {"success": True})
            except ApiError as err:
                job.update(jobstatus=2, jobresultcode=err.code if self.resultcode_is_errorcode else 530,
                           jobresult={"errorcode": err.code, "errortext": err.text})
            except Exception as exc:  # an emulator bug must not leave a job pending forever
                job.update(jobstatus=2, jobresultcode=530, jobresult={"errorcode": 530, "errortext": str(exc)})
            job["completed"] = now_str()

    def cancel_all(self):
        with self._lock:
            for t in self._timers:
                t.cancel()
            self._timers = []
