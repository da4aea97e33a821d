#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: job_info
short_description: Look up CloudStack async jobs, or wait until one ends
version_added: 0.1.0
description:
  - With O(id), reads one async job with C(queryAsyncJobResult), for example the job id that M(csops.cloudstack.api)
    returned with O(csops.cloudstack.api#module:wait=false).
  - With O(wait=true) it polls until that job ends (short first interval, backing off) and fails, naming the job and
    the server's error text, when the job failed.
  - Without O(id), lists the async jobs with C(listAsyncJobs) (every page), optionally only those in one O(status)
    or created since O(start_date).
  - Changes nothing.
author: csops.cloudstack developers (@csops)
options:
  id:
    description: The job id. Without it, the jobs are listed.
    type: str
    aliases: [ job_id ]
  wait:
    description: Wait until the job given by O(id) has ended (within O(wait_timeout)).
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true). O(api_job_timeout) when not set.
    type: int
  status:
    description: Without O(id), list only the jobs in this state.
    type: str
    choices: [ pending, succeeded, failed, cancelled ]
  start_date:
    description: Without O(id), list only the jobs created on or after this date (C(yyyy-MM-dd) or C(yyyy-MM-dd HH:mm:ss)).
    type: str
  fail_on_error:
    description: With O(wait=true), fail when the job failed or was cancelled. Otherwise the job is returned as it is.
    type: bool
    default: true
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Start a long job without waiting
  csops.cloudstack.api:
    command: prepareHostForMaintenance
    params:
      id: "{{ host_id }}"
    wait: false
  register: submitted

- name: Wait for it later
  csops.cloudstack.job_info:
    id: "{{ submitted.job_id }}"
    wait: true
    wait_timeout: 1800
  register: job

- name: The jobs that failed today
  csops.cloudstack.job_info:
    status: failed
    start_date: "{{ now(utc=true, fmt='%Y-%m-%d') }}"
  register: failed_jobs
"""

RETURN = r"""
job:
  description: The job as C(queryAsyncJobResult) returns it, with snake_case keys and a readable C(status).
  returned: with O(id), on success and also when the module fails because the job failed (O(fail_on_error=true))
  type: dict
  contains:
    job_id:
      description: Job id.
      type: str
      sample: 9b9e2c4e-1c9b-4a31-8d13-0f0f5d4c2a11
    job_status:
      description: 0 pending, 1 succeeded, 2 failed, 3 cancelled.
      type: int
      sample: 1
    status:
      description: pending, succeeded, failed or cancelled.
      type: str
      sample: succeeded
    job_result:
      description: The job's result, the object or C(success) on success, C(errorcode) and C(errortext) on failure.
      type: dict
      sample: {"host": {"id": "3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d"}}
      contains:
        success:
          description: Whether the command succeeded.
          type: bool
          sample: true
    cmd:
      description: The command class that ran.
      type: str
      sample: org.apache.cloudstack.api.command.admin.host.PrepareForMaintenanceCmd
    account_id:
      description: UUID of the account that owns it.
      type: str
      sample: b689c69d-970e-4b5b-8090-350fe3c0bc2c
    completed:
      description: When the job completed.
      type: str
      sample: "2026-11-29T15:50:36+0000"
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:36+0000"
    job_proc_status:
      description: Progress status of the job.
      type: int
      sample: 0
    job_result_code:
      description: Result code of the job (0 when it succeeded).
      type: int
      sample: 0
    job_result_type:
      description: Type of the result (object).
      type: str
      sample: object
    user_id:
      description: UUID of the user.
      type: str
      sample: 850fa5ea-44f1-4573-891d-459b9faeb06e
jobs:
  description: Without O(id), the jobs C(listAsyncJobs) returned (in O(status) when set), each like RV(job).
  returned: without O(id)
  type: list
  elements: dict
  sample: [{"job_id": "9b9e2c4e-1c9b-4a31-8d13-0f0f5d4c2a11", "status": "failed",
            "cmd": "org.apache.cloudstack.api.command.admin.host.PrepareForMaintenanceCmd"}]
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import JOB_PENDING, CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule, wait_argument_spec

STATUS = {0: "pending", 1: "succeeded", 2: "failed", 3: "cancelled"}
RENAME = {"jobid": "job_id", "jobstatus": "job_status", "jobresult": "job_result", "jobresultcode": "job_result_code",
          "jobresulttype": "job_result_type", "jobprocstatus": "job_proc_status", "jobinstancetype": "job_instance_type",
          "jobinstanceid": "job_instance_id", "accountid": "account_id", "userid": "user_id"}


def readable(job):
    status = int(job.get("jobstatus", JOB_PENDING))
    out = {RENAME.get(k, k): v for k, v in job.items()}
    out["status"] = STATUS.get(status, str(status))
    return out


class JobInfo(CloudStackModule):
    argument_spec = dict(
        id=dict(type="str", aliases=["job_id"]),
        fail_on_error=dict(type="bool", default=True),
        status=dict(type="str", choices=list(STATUS.values())),
        start_date=dict(type="str"),
        **wait_argument_spec(timeout=None, wait=False)
    )
    module_kwargs = dict(mutually_exclusive=[("id", "status"), ("id", "start_date")])

    def run(self):
        if not self.params["id"]:
            if self.params["wait"]:
                raise CloudStackError("wait needs id: it waits for one job.")
            params = {"listall": True}
            if self.params["start_date"]:
                params["startdate"] = self.params["start_date"]
            jobs = [readable(job) for job in self.list("listAsyncJobs", "asyncjobs", **params)]
            if self.params["status"]:
                jobs = [job for job in jobs if job["status"] == self.params["status"]]
            self.result["jobs"] = jobs
            return
        if self.params["wait"]:
            job = self.client.poll_job(self.params["id"], timeout=self.job_timeout(),
                                       timeout_option=self._timeout_option())
        else:
            job = self.client.query_job(self.params["id"])
        status = int(job.get("jobstatus", JOB_PENDING))
        out = readable(job)
        self.result["job"] = out
        if self.params["wait"] and self.params["fail_on_error"] and status in (2, 3):
            result = job.get("jobresult") or {}
            error = {k: v for k, v in (("errorcode", result.get("errorcode")), ("errortext", result.get("errortext"))) if v is not None}
            # The failed job is returned with the error, as with fail_on_error=false.
            self.fail("job %s %s: %s" % (self.params["id"], STATUS[status], result.get("errortext", "no error text")),
                      jobid=self.params["id"], job=out, **error)


def main():
    module = JobInfo()
    module()


if __name__ == "__main__":
    main()
