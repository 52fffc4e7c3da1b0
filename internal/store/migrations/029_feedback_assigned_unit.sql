-- The requests assigned to the units of a site, whatever the request's
-- site: a component site's liaisons answer what the main portal routes to
-- their units, and their work queue reads them by unit
-- (feedback.Filter.UnitSiteID), oldest first.
CREATE INDEX feedback_requests_assigned ON feedback_requests (assigned_unit_id, state, received_at);
