// Jest setup for the project "api on eventstoredb": the api suites run on the EventStoreDB adapter.
process.env.CCM_TEST_EVENT_STORE = 'eventstoredb';
