//! Tests of the XForm writer and the instance reader.
