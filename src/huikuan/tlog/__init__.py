"""A framework-free transparency log: RFC 9162 Merkle proofs, C2SP signed notes,
checkpoints, cosignatures, tiles and tlog-proof files, durable storage and a
sequencer.  Depends only on the standard library and ``cryptography``.
"""

from .checkpoint import (
    Checkpoint,
    CosignatureVerifier,
    Cosigner,
    add_cosignature,
    open_checkpoint,
    sign_checkpoint,
)
from .hashing import EMPTY_ROOT, leaf_hash, node_hash
from .integrity import Inconsistency, check_integrity
from .merkle import (
    ProofError,
    consistency_proof,
    inclusion_proof,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)
from .note import Signer, Verifier, generate_key, open_note, parse_signer, parse_verifier
from .proof_file import TlogProof, build_proof, canonical_json, verify_proof
from .sequencer import Sequencer
from .storage import ConflictError, DBStorage, MemoryStorage, Storage, read_entry
from .tiles import TileCache, TileHashReader

__all__ = [
    "EMPTY_ROOT",
    "Checkpoint",
    "ConflictError",
    "CosignatureVerifier",
    "Cosigner",
    "DBStorage",
    "Inconsistency",
    "MemoryStorage",
    "ProofError",
    "Sequencer",
    "Signer",
    "Storage",
    "TileCache",
    "TileHashReader",
    "TlogProof",
    "Verifier",
    "add_cosignature",
    "build_proof",
    "canonical_json",
    "check_integrity",
    "consistency_proof",
    "generate_key",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "open_checkpoint",
    "open_note",
    "parse_signer",
    "parse_verifier",
    "read_entry",
    "sign_checkpoint",
    "tree_hash",
    "verify_consistency",
    "verify_inclusion",
    "verify_proof",
]
