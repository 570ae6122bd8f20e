import type { Message, RecordMetadata } from 'kafkajs';
import { receiptsOf, type ProducerRecord } from '../src/transport/kafka-batch-producer.js';

const record = (topic: string): ProducerRecord => ({ topic, key: 'k', headers: {}, payload: '{}' });
const sent = (partition: number | undefined): Message => ({ key: 'k', value: '{}', partition });
const landed = (topicName: string, partition: number, baseOffset: string | undefined): RecordMetadata => ({
  topicName,
  partition,
  errorCode: 0,
  ...(baseOffset === undefined ? {} : { baseOffset }),
});

describe('receiptsOf', () => {
  it('numbers each message from its topic-partition base offset, in input order', () => {
    const records = ['a', 'b', 'a', 'a', 'b'].map(record);
    const messages = [0, 0, 1, 0, 0].map(sent);
    const metadata = [landed('a', 0, '10'), landed('a', 1, '7'), landed('b', 0, '0')];

    expect(receiptsOf(records, messages, metadata)).toEqual([
      { partition: 0, offset: '10' },
      { partition: 0, offset: '0' },
      { partition: 1, offset: '7' },
      { partition: 0, offset: '11' },
      { partition: 0, offset: '1' },
    ]);
  });

  it('counts past the largest exact number without rounding', () => {
    const base = BigInt(Number.MAX_SAFE_INTEGER) - 1n;
    const receipts = receiptsOf(['a', 'a', 'a'].map(record), [0, 0, 0].map(sent), [
      landed('a', 0, String(base)),
    ]);
    expect(receipts.map((receipt) => receipt.offset)).toEqual([0n, 1n, 2n].map((n) => String(base + n)));
  });

  it('has no offset where the broker gave none, and no partition where none was chosen', () => {
    const receipts = receiptsOf(['a', 'a', 'b'].map(record), [0, undefined, 3].map(sent), [
      landed('a', 0, '-1'),
    ]);
    expect(receipts).toEqual([
      { partition: 0, offset: null },
      { partition: null, offset: null },
      { partition: 3, offset: null },
    ]);
  });
});
