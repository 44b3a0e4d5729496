package io.freelock.queue.manager;

/**
 * What a managed queue tells about its traffic: nothing until a metrics registry is there, then
 * counts recorded without locks. Kept apart from the metrics API so that the queue needs none.
 */
interface QueueMeter {

    /** Records nothing: what a queue uses while no metrics registry is live. */
    QueueMeter NONE = new QueueMeter() {
        @Override
        public void offered(long elements) {
        }

        @Override
        public void polled(long elements) {
        }
    };

    void offered(long elements);

    void polled(long elements);
}
