class KafkaClient:
    pass
