from odoo import api, fields, models

CHUNK = 5000  # records whose keys one run of the job recomputes


class CrmDuplicateKeyRefresh(models.Model):
    """A recomputation of the duplicate search keys of one model, queued when
    a setting the keys depend on is saved, and done by a background job in
    chunks (each its own transaction): the job's state and progress."""

    _name = "crm.duplicate.key.refresh"
    _description = "Duplicate Search Key Recomputation"
    _order = "id"
    _rec_name = "model"

    model = fields.Char(required=True)
    next_id = fields.Integer("Resume After", help="Records after this id are to do.")
    done = fields.Integer()
    total = fields.Integer()
    finished = fields.Boolean()

    @api.model
    def _key_models(self):
        """The models that store duplicate search keys."""
        registry = self.env.registry
        return [
            name
            for name in registry.descendants(["crm.duplicate.mixin"], "_inherit")
            if not registry[name]._abstract
        ]

    @api.model
    def _queue(self):
        """Recompute every model's keys from the start (a recomputation under
        way starts again: what it did was computed with the old settings)."""
        jobs = self.sudo()
        jobs.search([]).unlink()
        jobs.create([{"model": model} for model in self._key_models()])
        self.env.ref("sales_first_contact.ir_cron_dedup_key_refresh")._trigger()

    def _records(self):
        """The records of this job's model whose keys it recomputes."""
        Model = self.env[self.model].sudo().with_context(active_test=False)
        return Model, Model._dedup_refresh_domain()

    @api.model
    def _cron_run(self):
        """Recompute one chunk of keys; the cron calls again while some remain."""
        jobs = self.sudo().search([])
        for job in jobs.filtered(lambda j: not j.total and not j.done):
            Model, domain = job._records()
            job.total = Model.search_count(domain)
        job = jobs.filtered(lambda j: not j.finished)[:1]
        if not job:
            jobs.unlink()
            return
        Model, domain = job._records()
        records = Model.search(
            domain + [("id", ">", job.next_id)], order="id", limit=CHUNK
        )
        if records:  # (an empty recordset would mean all of them)
            records._dedup_fill_keys()
        job.write(
            {
                "next_id": records[-1:].id or job.next_id,
                "done": job.done + len(records),
                "finished": len(records) < CHUNK,
            }
        )
        remaining = sum(max(j.total - j.done, 1) for j in jobs if not j.finished)
        if not remaining:
            jobs.unlink()
        self.env["ir.cron"]._notify_progress(done=len(records), remaining=remaining)

    @api.model
    def _progress_text(self):
        """What Settings show while the job runs, False when nothing is queued."""
        jobs = self.sudo().search([])
        if not jobs:
            return False
        if not any(jobs.mapped("total")):
            return self.env._(
                "Duplicate search keys will be recomputed in the background."
            )
        return self.env._(
            "Duplicate search keys are being recomputed in the background: "
            "%(done)s of %(total)s records done.",
            done=sum(jobs.mapped("done")),
            total=sum(jobs.mapped("total")),
        )
