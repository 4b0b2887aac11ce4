//! The form logic of `enquete-domain` (`SurveyDefinition::evaluate`) for the canvassing page:
//! the same Rust code the server checks every response with, compiled to WebAssembly, behind a
//! three-function C ABI that speaks JSON.
//!
//! The page writes a request into memory it got from [`alloc`], calls [`evaluate`] with its
//! pointer and length, reads the result at the pointer and length packed into the returned
//! `u64` (pointer in the high 32 bits, length in the low 32), and hands both buffers back with
//! [`dealloc`]. The request is `{definition, answers, today, now_ms, language}`; the result is
//! the `FormState` (`{nodes, answers}`), or `{"error": "..."}` when the request cannot be read.
//!
//! [`evaluate_json`] is the whole logic in safe Rust; the ABI only moves bytes. `scripts/build-wasm`
//! builds `crates/web/static/formlogic.wasm` from this crate.

use enquete_domain::survey::{Answers, FormClock, FormState, SurveyDefinition};
use serde::Deserialize;

/// What the page asks: the form, the answers so far, its clock and the language picked.
#[derive(Debug, Deserialize)]
pub struct Request {
    pub definition: SurveyDefinition,
    #[serde(default)]
    pub answers: Answers,
    /// Days since 1970-01-01 in the canvasser's local time.
    pub today: i64,
    /// Milliseconds since the epoch.
    pub now_ms: i64,
    /// The form language the labels are read in (`jr:choice-name`).
    #[serde(default)]
    pub language: String,
}

/// Runs the form's logic over a request.
pub fn run(request: &Request) -> FormState {
    request.definition.evaluate(
        &request.answers,
        FormClock {
            today: request.today,
            now_ms: request.now_ms,
        },
        &request.language,
    )
}

/// The JSON request in, the JSON `FormState` out (or `{"error": ...}`).
pub fn evaluate_json(input: &[u8]) -> Vec<u8> {
    let result = serde_json::from_slice::<Request>(input)
        .map_err(|e| e.to_string())
        .and_then(|request| serde_json::to_vec(&run(&request)).map_err(|e| e.to_string()));
    match result {
        Ok(bytes) => bytes,
        Err(message) => serde_json::to_vec(&serde_json::json!({ "error": message }))
            .unwrap_or_else(|_| b"{\"error\":\"\"}".to_vec()),
    }
}

/// Packs a buffer's pointer and length into one `u64` (pointer high, length low), as the page
/// reads it. On wasm32 both fit in 32 bits.
pub fn pack(ptr: usize, len: usize) -> u64 {
    ((ptr as u64) << 32) | (len as u64 & 0xFFFF_FFFF)
}

/// The C ABI. The only `unsafe` of the crate: turning the pointers the page holds back into the
/// buffers they came from.
pub mod abi {
    use super::{evaluate_json, pack};

    /// A buffer of `len` bytes for the page to write into; handed back by [`dealloc`].
    #[unsafe(no_mangle)]
    pub extern "C" fn alloc(len: usize) -> *mut u8 {
        let mut buf = vec![0u8; len].into_boxed_slice();
        let ptr = buf.as_mut_ptr();
        std::mem::forget(buf);
        ptr
    }

    /// Frees a buffer from [`alloc`] or [`evaluate`].
    ///
    /// # Safety
    /// `ptr` and `len` must be exactly those of a buffer this module handed out and not yet freed.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: usize) {
        if ptr.is_null() {
            return;
        }
        // SAFETY: the caller hands back a boxed slice of `len` bytes made by `alloc`/`evaluate`.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
    }

    /// Evaluates the JSON request at `ptr..ptr+len` (left for the caller to free) and returns
    /// the result's buffer, packed (see [`pack`]); the caller frees it with [`dealloc`].
    ///
    /// # Safety
    /// `ptr..ptr+len` must be initialised memory of this module (a buffer from [`alloc`]).
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn evaluate(ptr: *const u8, len: usize) -> u64 {
        // SAFETY: as this function's own contract.
        let (out, out_len) = unsafe { evaluate_raw(ptr, len) };
        pack(out as usize, out_len)
    }

    /// [`evaluate`] without the packing (a native pointer does not fit in 32 bits): the result's
    /// buffer and its length, for the caller to free with [`dealloc`].
    ///
    /// # Safety
    /// As [`evaluate`].
    pub unsafe fn evaluate_raw(ptr: *const u8, len: usize) -> (*mut u8, usize) {
        let input: &[u8] = if ptr.is_null() {
            &[]
        } else {
            // SAFETY: the caller wrote `len` bytes at `ptr` into a buffer from `alloc`.
            unsafe { std::slice::from_raw_parts(ptr, len) }
        };
        let mut out = evaluate_json(input).into_boxed_slice();
        let result = (out.as_mut_ptr(), out.len());
        std::mem::forget(out);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn a_pointer_and_length_pack_as_the_page_unpacks_them() {
        let packed = pack(0x0012_3456, 789);
        assert_eq!(packed >> 32, 0x0012_3456);
        assert_eq!(packed & 0xFFFF_FFFF, 789);
    }
}
