# Types for ckanext-harvest 1.6.3's models, for pyright (its default stubPath
# is typings/). The package declares plain `Column(...)` attributes, which
# SQLAlchemy 2.0's typing reads as Column[str] on instances too; these are the
# Mapped[...] types the declarative mapping gives at run time. A column with a
# default or NOT NULL is typed without None; keys the harvest code always sets
# (job and source ids) likewise. Check it against ckanext/harvest/model when
# the pinned ckanext-harvest changes.
import datetime
from typing import Any, Self

from sqlalchemy.orm import Mapped, Query

from ckan.model.domain_object import DomainObject
from ckan.model.package import Package

UPDATE_FREQUENCIES: list[str]

class HarvestError(Exception): ...

class HarvestDomainObject(DomainObject):
    key_attr: str
    @classmethod
    def get(cls, key: Any, default: Any = None, attr: str | None = None) -> Self | None: ...
    @classmethod
    def filter(cls, **kwds: Any) -> Query[Self]: ...

class HarvestSource(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    url: Mapped[str]
    title: Mapped[str]
    description: Mapped[str]
    config: Mapped[str | None]
    created: Mapped[datetime.datetime]
    type: Mapped[str]
    active: Mapped[bool]
    user_id: Mapped[str]
    publisher_id: Mapped[str]
    frequency: Mapped[str]
    next_run: Mapped[datetime.datetime | None]
    jobs: Mapped[list[HarvestJob]]
    objects: Mapped[list[HarvestObject]]
    def get_jobs(self, status: str | None = None) -> list[HarvestJob]: ...

class HarvestJob(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    created: Mapped[datetime.datetime]
    gather_started: Mapped[datetime.datetime | None]
    gather_finished: Mapped[datetime.datetime | None]
    finished: Mapped[datetime.datetime | None]
    source_id: Mapped[str]
    status: Mapped[str]
    source: Mapped[HarvestSource]
    objects: Mapped[list[HarvestObject]]
    gather_errors: Mapped[list[HarvestGatherError]]
    def get_last_finished_object(self) -> HarvestObject | None: ...
    def get_last_gathered_object(self) -> HarvestObject | None: ...
    def get_last_action_time(self) -> datetime.datetime: ...
    def get_gather_errors(self) -> list[HarvestGatherError]: ...

class HarvestObject(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    guid: Mapped[str]
    current: Mapped[bool]
    gathered: Mapped[datetime.datetime]
    fetch_started: Mapped[datetime.datetime | None]
    content: Mapped[str | None]
    fetch_finished: Mapped[datetime.datetime | None]
    import_started: Mapped[datetime.datetime | None]
    import_finished: Mapped[datetime.datetime | None]
    state: Mapped[str]
    metadata_modified_date: Mapped[datetime.datetime | None]
    retry_times: Mapped[int]
    harvest_job_id: Mapped[str]
    harvest_source_id: Mapped[str]
    package_id: Mapped[str | None]
    report_status: Mapped[str | None]
    package: Mapped[Package | None]
    job: Mapped[HarvestJob]
    source: Mapped[HarvestSource]
    extras: Mapped[list[HarvestObjectExtra]]
    errors: Mapped[list[HarvestObjectError]]

class HarvestObjectExtra(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    harvest_object_id: Mapped[str]
    key: Mapped[str]
    value: Mapped[str | None]
    object: Mapped[HarvestObject]

class HarvestGatherError(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    harvest_job_id: Mapped[str]
    message: Mapped[str]
    created: Mapped[datetime.datetime]
    job: Mapped[HarvestJob]
    @classmethod
    def create(cls, message: str, job: HarvestJob) -> None: ...

class HarvestObjectError(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    harvest_object_id: Mapped[str]
    message: Mapped[str]
    stage: Mapped[str]
    line: Mapped[int | None]
    created: Mapped[datetime.datetime]
    object: Mapped[HarvestObject]
    @classmethod
    def create(
        cls, message: str, object: HarvestObject, stage: str = "Fetch", line: int | None = None
    ) -> None: ...

class HarvestLog(HarvestDomainObject):
    __tablename__: str
    id: Mapped[str]
    content: Mapped[str]
    level: Mapped[str | None]
    created: Mapped[datetime.datetime]

def harvest_object_before_insert_listener(mapper: Any, connection: Any, target: Any) -> None: ...

class PackageIdHarvestSourceIdMismatch(Exception): ...

def clean_harvest_log(condition: Any) -> None: ...
