//! Reuse of the last call: a call that differs from the previous one only in `Key` takes its
//! serialised request and endpoint plan (a [`Template`]) and the [`SignedParts`] made for them,
//! and only renders and signs the new path.

use std::sync::{Arc, Mutex};

use crate::error::Result;
use crate::operations::Operation;
use crate::plan::EndpointPlan;
use crate::serialize::SerializedRequest;
use crate::sign::SignedParts;
use crate::value::{find_param, Params, Value};

/// A serialised request and its endpoint, reusable for any other `Key`.
pub(crate) struct Template {
    pub op: &'static Operation,
    /// The caller's parameters, before the handlers ran.
    pub params: Params,
    pub request: SerializedRequest,
    pub plan: Arc<EndpointPlan>,
    /// Signed parts for the last (signing second, expiry, method) used with it.
    parts: Mutex<Option<(PartsKey, Arc<SignedParts>)>>,
}

/// (signing second, expires in, HTTP method)
type PartsKey = (i64, u64, Option<String>);

impl Template {
    /// The signed parts for this signing second, expiry and method, made by `prepare` once
    /// (and again whenever the credentials' `generation` moved on).
    pub fn parts(
        &self,
        unix_seconds: i64,
        expires_in: u64,
        http_method: Option<&str>,
        generation: u64,
        prepare: impl FnOnce() -> Result<SignedParts>,
    ) -> Result<Arc<SignedParts>> {
        if let Ok(cached) = self.parts.try_lock() {
            if let Some(((seconds, expires, method), parts)) = cached.as_ref() {
                if *seconds == unix_seconds
                    && *expires == expires_in
                    && method.as_deref() == http_method
                    && parts.generation() == generation
                {
                    return Ok(Arc::clone(parts));
                }
            }
        }
        let parts = Arc::new(prepare()?);
        if let Ok(mut cached) = self.parts.try_lock() {
            let key = (unix_seconds, expires_in, http_method.map(str::to_owned));
            *cached = Some((key, Arc::clone(&parts)));
        }
        Ok(parts)
    }
}

/// One call parameter as the matcher reads it: the binding's borrowed `(&str, &str)` pairs
/// and the core's `(String, Value)` alike, compared without converting either.
pub(crate) trait Param {
    fn name(&self) -> &str;
    /// The value when it is a str.
    fn as_str(&self) -> Option<&str>;
    /// Whether the value equals the template's.
    fn value_is(&self, value: &Value) -> bool;
}

impl Param for (String, Value) {
    fn name(&self) -> &str {
        &self.0
    }
    fn as_str(&self) -> Option<&str> {
        match &self.1 {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    fn value_is(&self, value: &Value) -> bool {
        self.1 == *value
    }
}

impl Param for (&str, &str) {
    fn name(&self) -> &str {
        self.0
    }
    fn as_str(&self) -> Option<&str> {
        Some(self.1)
    }
    fn value_is(&self, value: &Value) -> bool {
        matches!(value, Value::Str(t) if t == self.1)
    }
}

/// The last single call's template.
#[derive(Default)]
pub(crate) struct LastCall {
    template: Mutex<Option<Arc<Template>>>,
}

impl LastCall {
    /// The last call's template and this call's key when `params` equal its parameters (same
    /// names in the same order) but for a str `Key`, and `same_op` accepts its operation.
    pub fn matching<'p, P: Param>(
        &self,
        same_op: impl FnOnce(&'static Operation) -> bool,
        params: &'p [P],
    ) -> Option<(Arc<Template>, &'p str)> {
        let template = self.template.try_lock().ok()?.clone()?;
        if !same_op(template.op) || template.params.len() != params.len() {
            return None;
        }
        let mut key = None;
        for (param, (t_name, t_value)) in params.iter().zip(&template.params) {
            if param.name() != t_name {
                return None;
            }
            if t_name == "Key" {
                key = Some(param.as_str()?);
            } else if !param.value_is(t_value) {
                return None;
            }
        }
        Some((template, key?))
    }

    /// Keeps this call's request for the next, when another `Key` could reuse it.
    pub fn remember(
        &self,
        op: &'static Operation,
        params: Params,
        request: SerializedRequest,
        plan: Arc<EndpointPlan>,
    ) {
        // Random idempotency tokens must be drawn afresh for every call.
        if op.members.iter().any(|m| m.idempotency_token)
            || !matches!(find_param(&params, "Key"), Some(Value::Str(_)))
        {
            return;
        }
        if let Ok(mut last) = self.template.try_lock() {
            *last = Some(Arc::new(Template {
                op,
                params,
                request,
                plan,
                parts: Mutex::new(None),
            }));
        }
    }
}
