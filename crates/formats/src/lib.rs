//! File formats Enquête reads and writes. For now: XLSForm, the survey standard of ODK and
//! KoboToolbox, in both directions.

pub mod bank;
pub mod export;
pub mod ics;
pub mod news;
pub mod paper;
pub mod research;
pub mod weights;
pub mod xform;
pub mod xlsform;
