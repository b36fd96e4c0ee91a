package dev.intake.pipeline.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Field names and the mapping between {@link IndexedChunk}s and Lucene documents. */
final class IndexSchema {

  static final String DOCUMENT_ID = "document_id";
  static final String FILENAME = "filename";
  static final String CHUNK_INDEX = "chunk_index";
  static final String TEXT = "text";
  static final String PAGE_START = "page_start";
  static final String PAGE_END = "page_end";

  /** The heading path the chunk falls under; absent for a chunk under no heading. */
  static final String SECTION = "section";

  static final String VECTOR = "vector";

  /**
   * Vectors are unit length (see {@link Vectors}), so the dot product equals cosine similarity
   * without COSINE's per-comparison normalisation.
   */
  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  /** Stored fields needed to order candidates; loading only these skips the chunk text. */
  static final Set<String> KEY_FIELDS = Set.of(DOCUMENT_ID, CHUNK_INDEX);

  private IndexSchema() {}

  static Term documentTerm(String documentId) {
    return new Term(DOCUMENT_ID, documentId);
  }

  /**
   * Builds one Lucene document per chunk, validating that every chunk belongs to {@code
   * documentId}, has a unique chunk index and a usable vector or none.
   */
  static List<Document> toDocuments(String documentId, List<IndexedChunk> chunks, int dimensions) {
    List<Document> documents = new ArrayList<>(chunks.size());
    Set<Integer> seenIndexes = new HashSet<>();
    for (IndexedChunk chunk : chunks) {
      String what = "chunk " + chunk.chunkIndex() + " of document " + documentId;
      if (!chunk.documentId().equals(documentId)) {
        throw new IllegalArgumentException(
            what + " claims to belong to document " + chunk.documentId());
      }
      if (!seenIndexes.add(chunk.chunkIndex())) {
        throw new IllegalArgumentException(what + " appears more than once");
      }
      // A chunk without a vector (embedded by another model) is found by its words only.
      float[] vector =
          chunk.vector() == null
              ? null
              : Vectors.checkedUnitVector(chunk.vector(), dimensions, what);
      Document doc = new Document();
      doc.add(new StringField(DOCUMENT_ID, documentId, Field.Store.YES));
      doc.add(new StoredField(FILENAME, chunk.filename()));
      doc.add(new StoredField(CHUNK_INDEX, chunk.chunkIndex()));
      doc.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
      doc.add(new StoredField(PAGE_START, chunk.pageStart()));
      doc.add(new StoredField(PAGE_END, chunk.pageEnd()));
      if (chunk.section() != null) {
        doc.add(new StoredField(SECTION, chunk.section()));
      }
      if (vector != null) {
        doc.add(new KnnFloatVectorField(VECTOR, vector, SIMILARITY));
      }
      documents.add(doc);
    }
    return documents;
  }

  /** Reads the identity of a hit; see {@link ChunkKey}. */
  static ChunkKey readKey(StoredFields storedFields, int luceneDoc) throws IOException {
    Document doc = storedFields.document(luceneDoc, KEY_FIELDS);
    return new ChunkKey(
        doc.get(DOCUMENT_ID), doc.getField(CHUNK_INDEX).numericValue().intValue(), luceneDoc);
  }

  static SearchHit readHit(StoredFields storedFields, int luceneDoc, double score)
      throws IOException {
    Document doc = storedFields.document(luceneDoc);
    return new SearchHit(
        doc.get(DOCUMENT_ID),
        doc.get(FILENAME),
        doc.getField(CHUNK_INDEX).numericValue().intValue(),
        doc.get(TEXT),
        score,
        doc.getField(PAGE_START).numericValue().intValue(),
        doc.getField(PAGE_END).numericValue().intValue(),
        doc.get(SECTION));
  }

  /**
   * Orders hits independently of Lucene doc ids, which depend on write order and so differ between
   * nodes and across rebuilds. The doc id comes last only to keep keys distinct.
   */
  record ChunkKey(String documentId, int chunkIndex, int luceneDoc)
      implements Comparable<ChunkKey> {

    @Override
    public int compareTo(ChunkKey other) {
      int byDocument = documentId.compareTo(other.documentId);
      if (byDocument != 0) {
        return byDocument;
      }
      int byChunk = Integer.compare(chunkIndex, other.chunkIndex);
      return byChunk != 0 ? byChunk : Integer.compare(luceneDoc, other.luceneDoc);
    }
  }
}
