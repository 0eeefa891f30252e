//! Emitters: each turns the resolved [`crate::model::ApiModel`] into files. They read nothing else.

pub mod docs;
mod oauth;
pub mod runtime;
pub mod rust;
